App({
  onLaunch() {
    wx.cloud.init({ env: 'prod-1' }) // zizhi-example: cloud.client_init
  }
})
