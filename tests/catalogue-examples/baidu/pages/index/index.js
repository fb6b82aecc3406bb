Page({
  examples() {
    swan.requestPolymerPayment({ orderInfo: {} }) // zizhi-example: pay.request
    swan.ai.textReview({ content: '' }) // zizhi-example: sec.platform_client
    swan.ai.facePersonVerify({}) // zizhi-example: face.verify
    swan.ai.getVoiceRecognizer().start({ mode: 'dnn' }) // zizhi-example: rec.baidu_voice_recognizer
    swan.openCommunityEditor({ moduleList: ['title', 'image'] }) // zizhi-example: ugc.baidu_community_editor
    swan.openReplyEditor({ contentPlaceholder: '写评论' }) // zizhi-example: ugc.baidu_reply_editor
  },
})
