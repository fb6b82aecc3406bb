Page({
  data: { seats: [] },
  async join() {
    const { result } = await wx.cloud.callFunction({ name: 'publish', data: { kind: 'voip-sign', room: this.roomId } })
    wx.joinVoIPChat({
      roomType: 'voice',
      groupId: this.roomId,
      signature: result.signature,
      nonceStr: result.nonceStr,
      timeStamp: result.timeStamp
    })
    wx.onVoIPChatMembersChanged(res => this.setData({ seats: res.openIdList }))
  },
  async sendGift() {
    // gifts are bought with coins: virtual goods
    const { result } = await wx.cloud.callFunction({ name: 'publish', data: { kind: 'gift-order', gift: 'rocket' } })
    wx.requestVirtualPayment({
      signData: result.signData,
      paySig: result.paySig,
      signature: result.signature,
      mode: 'short_series_coin'
    })
  }
})
