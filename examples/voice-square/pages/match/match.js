Page({
  async match() {
    const { result } = await wx.cloud.callFunction({ name: 'publish', data: { kind: 'random-match' } })
    // 1-on-1 call with the matched stranger
    wx.join1v1Chat({
      caller: { nickname: result.me.nickname },
      listener: { nickname: result.peer.nickname, openid: result.peer.openid },
      roomType: 'voice'
    })
  }
})
