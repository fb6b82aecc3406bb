Page({
  examples() {
    tt.createRewardedVideoAd({ adUnitId: 'ad-1' }) // zizhi-example: ads.rewarded_video
    tt.continueToPay({}) // zizhi-example: pay.request_secondary
    tt.requestGamePayment({}) // zizhi-example: pay.virtual_secondary
    tt.createRtcRoomContext({}) // zizhi-example: rtc.douyin_room
    tt.getRtcEngine() // zizhi-example: rtc.douyin_game_engine
    tt.createCloud({ envID: 'env-1' }) // zizhi-example: cloud.douyin
  },
})
