let rewarded = null

Page({
  data: { result: '' },
  onLoad() {
    if (wx.createRewardedVideoAd) {
      rewarded = wx.createRewardedVideoAd({ adUnitId: 'adunit-0000000000000002' })
    }
  },
  onAmount(e) {
    this.setData({ result: (Number(e.detail.value) * 7.1).toFixed(2) })
  },
  unlockHistory() {
    // watch an ad to unlock the rate history
    rewarded && rewarded.show()
  },
  buyMembership() {
    // a paid membership removes the ads
    wx.requestVirtualPayment({ signData: '{}', paySig: '', signature: '', mode: 'short_series_coin' })
  }
})
