import TIM from 'tim-wx-sdk' // zizhi-example: im.tencent
import TRTC from 'trtc-wx-sdk' // zizhi-example: rtc.trtc
import AgoraMiniappSDK from 'agora-miniapp-sdk' // zizhi-example: rtc.agora
import { ZegoExpressEngine } from 'zego-express-engine-miniprogram' // zizhi-example: rtc.zego
import websdk from 'easemob-websdk' // zizhi-example: im.easemob
import * as RongIMLib from '@rongcloud/imlib-next' // zizhi-example: im.others
import OpenAI from 'openai' // zizhi-example: ai.sdk_import
const speech = requirePlugin('speech') // zizhi-example: rec.speech_plugin_used

Page({
  ads() {
    wx.createRewardedVideoAd({ adUnitId: 'adunit-1' }) // zizhi-example: ads.rewarded_video
    wx.createInterstitialAd({ adUnitId: 'adunit-2' }) // zizhi-example: ads.interstitial
  },
  pay() {
    wx.requestPayment({ timeStamp: '', nonceStr: '', package: '', signType: 'RSA', paySign: '' }) // zizhi-example: pay.request
    wx.requestOrderPayment({}) // zizhi-example: pay.order
    wx.requestPluginPayment({}) // zizhi-example: pay.plugin
    wx.requestVirtualPayment({}) // zizhi-example: pay.virtual
  },
  live() {
    wx.createLivePusherContext() // zizhi-example: live.context
    wx.navigateTo({ url: `plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id=${this.data.roomId}` }) // zizhi-example: live.official_plugin_room
    wx.joinVoIPChat({ roomType: 'voice', groupId: 'g1' }) // zizhi-example: rtc.voip
    wx.onVoIPVideoMembersChanged(() => {}) // zizhi-example: rtc.voip_video
    wx.join1v1Chat({}) // zizhi-example: rtc.one_to_one
    wx.getRecorderManager() // zizhi-example: rec.recorder
    wx.connectSocket({ url: 'wss://example.com/socket' }) // zizhi-example: im.websocket
  },
  media() {
    wx.chooseMedia({ count: 1 }) // zizhi-example: ugc.media_pick
    wx.chooseVideo({ sourceType: ['album'] }) // zizhi-example: ugc.video_pick, ugc.media_pick
    wx.uploadFile({ url: 'https://example.com/upload', filePath: '', name: 'file' }) // zizhi-example: ugc.upload
    wx.createVideoContext('v') // zizhi-example: video.context
  },
  location() {
    wx.getLocation({ type: 'gcj02' }) // zizhi-example: loc.getLocation
    wx.getFuzzyLocation({}) // zizhi-example: loc.getFuzzyLocation
    wx.chooseLocation({}) // zizhi-example: loc.chooseLocation
    wx.choosePoi({}) // zizhi-example: loc.choosePoi
    wx.startLocationUpdate({}) // zizhi-example: loc.startLocationUpdate
    wx.startLocationUpdateBackground({}) // zizhi-example: loc.startLocationUpdateBackground
    wx.onLocationChange(() => {}) // zizhi-example: loc.onLocationChange
    wx.chooseAddress({}) // zizhi-example: loc.chooseAddress
    wx.openLocation({ latitude: 0, longitude: 0 }) // zizhi-example: loc.open_map
    wx.createMapContext('m') // zizhi-example: loc.map_api
  },
  identity() {
    wx.startFacialRecognitionVerify({}) // zizhi-example: face.verify
    wx.getUserProfile({ desc: '' }) // zizhi-example: profile.user_info_api
    wx.getUserInfo({}) // zizhi-example: profile.wx_user_info_recalled
  },
  cloud() {
    wx.cloud.callFunction({ name: 'pay' }) // zizhi-example: cloud.client ugc.save
    wx.cloud.extend.AI.createModel('hunyuan-exp') // zizhi-example: ai.wx_cloud_ai
  },
})
