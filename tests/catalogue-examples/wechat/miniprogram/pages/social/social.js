const db = wx.cloud.database()

Page({
  collections() {
    db.collection('posts').add({ data: {} }) // zizhi-example: sem.ugc_post.collection
    db.collection('comments').add({ data: {} }) // zizhi-example: sem.ugc_comment.collection
    db.collection('conversation').add({ data: {} }) // zizhi-example: sem.im_chat.collection
    db.collection('matching').add({ data: {} }) // zizhi-example: sem.random_match.collection
    db.collection('coins').add({ data: {} }) // zizhi-example: sem.virtual_payment.collection
    db.collection('livestream').add({ data: {} }) // zizhi-example: sem.live_streaming.collection
    db.collection('llm').add({ data: {} }) // zizhi-example: sem.ai_llm.collection
    db.collection('news').add({ data: {} }) // zizhi-example: sem.news_content.collection
    db.collection('drugs').add({ data: {} }) // zizhi-example: sem.drug_sales.collection
    db.collection('consultations').add({ data: {} }) // zizhi-example: sem.medical_consult.collection
    db.collection('songs').add({ data: {} }) // zizhi-example: sem.music_streaming.collection
    db.collection('chapters').add({ data: {} }) // zizhi-example: sem.web_literature.collection
    db.collection('comics').add({ data: {} }) // zizhi-example: sem.web_comics.collection
    db.collection('videos').add({ data: {} }) // zizhi-example: sem.video_platform.collection
    db.collection('faceswap').add({ data: {} }) // zizhi-example: sem.deep_synthesis.collection
    db.collection('merchants').add({ data: {} }) // zizhi-example: sem.multi_merchant.collection
    db.collection('avatar').add({ data: {} }) // zizhi-example: sem.user_profile.collection
    db.collection('groupchat').add({ data: {} }) // zizhi-example: sem.group_chat.collection
    db.collection('messages').add({ data: {} }) // zizhi-example: sem.im_chat.messages.collection
    db.collection('goods').add({ data: {} }) // zizhi-example: sem.multi_merchant.listing_collection.collection
    db.collection('ershou').add({ data: {} }) // zizhi-example: sem.multi_merchant.secondhand.collection
    db.collection('sensitive_words').get() // zizhi-example: sem.content_security.collection
    db.collection('cart').add({ data: {} }) // zizhi-example: sem.payment.goods.collection
  },
  endpoints() {
    wx.request({ url: 'https://api.example.com/post/add', method: 'POST' }) // zizhi-example: sem.ugc_post.endpoint
    wx.request({ url: 'https://api.example.com/comment/add', method: 'POST' }) // zizhi-example: sem.ugc_comment.endpoint
    wx.request({ url: 'https://api.example.com/chat/send', method: 'POST' }) // zizhi-example: sem.im_chat.endpoint
    wx.request({ url: 'https://api.example.com/match/start', method: 'POST' }) // zizhi-example: sem.random_match.endpoint
    wx.request({ url: 'https://api.example.com/coin/recharge', method: 'POST' }) // zizhi-example: sem.virtual_payment.endpoint
    wx.request({ url: 'https://api.example.com/live/open', method: 'POST' }) // zizhi-example: sem.live_streaming.endpoint
    wx.request({ url: 'https://api.example.com/gpt/ask', method: 'POST' }) // zizhi-example: sem.ai_llm.endpoint
    wx.request({ url: 'https://api.example.com/news/list' }) // zizhi-example: sem.news_content.endpoint
    wx.request({ url: 'http://v.juhe.cn/toutiao/index?type=guonei&key=' + KEY }) // zizhi-example: news.aggregator_api
    wx.request({ url: 'https://api.example.com/drug/list' }) // zizhi-example: sem.drug_sales.endpoint
    wx.request({ url: 'https://api.example.com/consult/create', method: 'POST' }) // zizhi-example: sem.medical_consult.endpoint
    wx.request({ url: 'https://api.example.com/song/list' }) // zizhi-example: sem.music_streaming.endpoint
    wx.request({ url: 'https://api.example.com/novel/list' }) // zizhi-example: sem.web_literature.endpoint
    wx.request({ url: 'https://api.example.com/manhua/list' }) // zizhi-example: sem.web_comics.endpoint
    wx.request({ url: 'https://api.example.com/video/upload', method: 'POST' }) // zizhi-example: sem.video_platform.endpoint
    wx.request({ url: 'https://api.example.com/faceswap/create', method: 'POST' }) // zizhi-example: sem.deep_synthesis.endpoint
    wx.request({ url: 'https://api.example.com/merchant/apply', method: 'POST' }) // zizhi-example: sem.multi_merchant.endpoint
    wx.request({ url: 'https://api.example.com/avatar/update', method: 'POST' }) // zizhi-example: sem.user_profile.endpoint
    wx.request({ url: 'https://api.example.com/groupchat/create', method: 'POST' }) // zizhi-example: sem.group_chat.endpoint
    wx.request({ url: 'https://api.example.com/sessions/1/messages', method: 'POST' }) // zizhi-example: sem.im_chat.messages.endpoint
    wx.connectSocket({ url: 'wss://example.com/ws/talk' }) // zizhi-example: sem.im_chat.socket.endpoint
    wx.request({ url: 'https://api.example.com/goods/publish', method: 'POST' }) // zizhi-example: sem.multi_merchant.listing.endpoint
    wx.request({ url: 'https://api.example.com/job/create', method: 'POST' }) // zizhi-example: sem.ugc_post.jobs.endpoint
    wx.request({ url: 'https://api.example.com/question/publish', method: 'POST' }) // zizhi-example: sem.ugc_post.qa.endpoint
    wx.request({ url: 'https://api.example.com/user/profile', method: 'POST', data: { nickname: 'n' } }) // zizhi-example: profile.request_field
    wx.request({ url: 'https://api.example.com/box/chat/ask', method: 'POST', data: { model: 'deepseek-chat' } }) // zizhi-example: ai.model_id
    wx.request({ url: 'https://api.example.com/box/chat/stream', method: 'POST', enableChunked: true }) // zizhi-example: ai.streamed_answer
    this.setData({ last: { role: 'assistant', content: 'hi' } }) // zizhi-example: ai.assistant_role
    this.setData({ ask: { role: 'user', content: 'hi' } }) // zizhi-example: ai.message_shape
    wx.request({ url: 'https://api.example.com/secondhand/list' }) // zizhi-example: sem.multi_merchant.secondhand.endpoint
    wx.request({ url: 'https://api.example.com/content/check', method: 'POST' }) // zizhi-example: sem.content_security.endpoint
    wx.request({ url: 'https://api.example.com/booking/create', method: 'POST' }) // zizhi-example: sem.payment.goods.endpoint
    wx.request({ url: 'https://llm.example.com/v1/chat/completions', method: 'POST' }) // zizhi-example: ai.chat_completions
  },
  submitPost() {}, // zizhi-example: sem.ugc_post.identifier
  submitComment() {}, // zizhi-example: sem.ugc_comment.identifier
  openChat() {}, // zizhi-example: sem.im_chat.identifier
  startMatch() {}, // zizhi-example: sem.random_match.identifier
  rechargeCoins() {}, // zizhi-example: sem.virtual_payment.identifier
  enterLive() {}, // zizhi-example: sem.live_streaming.identifier
  askGpt() {}, // zizhi-example: sem.ai_llm.identifier
  loadNews() {}, // zizhi-example: sem.news_content.identifier
  buyDrugs() {}, // zizhi-example: sem.drug_sales.identifier
  createConsultation() {}, // zizhi-example: sem.medical_consult.identifier
  playSong() {}, // zizhi-example: sem.music_streaming.identifier
  openBookshelf() {}, // zizhi-example: sem.web_literature.identifier
  readComic() {}, // zizhi-example: sem.web_comics.identifier
  publishVideo() {}, // zizhi-example: sem.video_platform.identifier
  startFaceswap() {}, // zizhi-example: sem.deep_synthesis.identifier
  applyMerchant() {}, // zizhi-example: sem.multi_merchant.identifier
  updateAvatar() {}, // zizhi-example: sem.user_profile.identifier
  createGroupchat() {}, // zizhi-example: sem.group_chat.identifier
  startGame() {}, // zizhi-example: sem.game.identifier
  publishGoods() {}, // zizhi-example: sem.multi_merchant.listing.identifier
  publishPosition() {}, // zizhi-example: sem.ugc_post.jobs.identifier
  askQuestion() {}, // zizhi-example: sem.ugc_post.qa.identifier
  loadXianzhi() {}, // zizhi-example: sem.multi_merchant.secondhand.identifier
  filterSensitiveWords() {}, // zizhi-example: sem.content_security.identifier
  addToCart() {}, // zizhi-example: sem.payment.goods.identifier
})
