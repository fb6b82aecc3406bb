Page({
  data: { avatar: '' },
  onAvatar(e) { this.setData({ avatar: e.detail.avatarUrl }) },
  onNick(e) { this.nick = e.detail.value },
  onPhone(e) { return wx.cloud.callFunction({ name: 'publish', data: { kind: 'phone', code: e.detail.code } }) }
})
