wx.getFriendCloudStorage({ keyList: ['score'] }) // zizhi-example: game.open_data
