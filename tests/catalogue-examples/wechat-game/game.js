const banner = wx.createBannerAd({ adUnitId: 'adunit-4', style: { left: 0, top: 0, width: 300 } }) // zizhi-example: ads.game_units
const openData = wx.getOpenDataContext() // zizhi-example: game.open_data
const who = wx.createUserInfoButton({ type: 'text', text: '授权' }) // zizhi-example: profile.game_user_info_button
