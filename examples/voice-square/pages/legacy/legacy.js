Page({ onLoad() { wx.createRewardedVideoAd({ adUnitId: 'adunit-legacy000002' }) } })
