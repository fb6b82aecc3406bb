Page({
  examples() {
    qq.getRecorderManager() // zizhi-example: rec.recorder_secondary
    qq.getUserInfo({}) // zizhi-example: profile.user_info_assumed
    qq.requestWxPayment({}) // zizhi-example: pay.request
  },
})
