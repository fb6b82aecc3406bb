const db = wx.cloud.database()

Page({
  data: { posts: [] },
  async onShow() {
    const { data } = await db.collection('posts').orderBy('createdAt', 'desc').get()
    this.setData({ posts: data })
  },
  comment(e) {
    return wx.cloud.callFunction({ name: 'publish', data: { kind: 'comment', post: e.currentTarget.dataset.id, text: e.detail.value } })
  }
})
