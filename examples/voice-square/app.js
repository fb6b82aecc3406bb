App({
  onLaunch() {
    wx.cloud.init({ env: 'voice-square-prod' })
  }
})
