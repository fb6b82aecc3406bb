Page({
  examples() {
    ks.chooseImage({ count: 1 }) // zizhi-example: ugc.media_pick_assumed
    ks.getLocation({}) // zizhi-example: loc.other_secondary
    ks.createVideoContext('v') // zizhi-example: video.context_secondary
    ks.pay({}) // zizhi-example: pay.request_secondary
  },
})
