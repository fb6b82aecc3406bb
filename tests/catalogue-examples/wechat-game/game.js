const banner = wx.createBannerAd({ adUnitId: 'adunit-4', style: { left: 0, top: 0, width: 300 } }) // zizhi-example: ads.game_units
const openData = wx.getOpenDataContext() // zizhi-example: game.open_data
