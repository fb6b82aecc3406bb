Page({
  data: { text: '', files: [] },
  onText(e) { this.setData({ text: e.detail.value }) },
  pick() {
    wx.chooseMedia({ count: 9, mediaType: ['image'] }).then(res => {
      this.setData({ files: res.tempFiles.map(f => f.tempFilePath) })
    })
  },
  async publish() {
    const ids = []
    for (const path of this.data.files) {
      const { fileID } = await wx.cloud.uploadFile({ cloudPath: `posts/${Date.now()}.jpg`, filePath: path })
      ids.push(fileID)
    }
    await wx.cloud.callFunction({ name: 'publish', data: { kind: 'post', text: this.data.text, images: ids } })
    wx.navigateBack()
  }
})
