const cloud = require('wx-server-sdk') // zizhi-example: cloud.server_sdk
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })

exports.main = async (event) => {
  await cloud.cloudPay.unifiedOrder({ body: 'order', totalFee: 1 }) // zizhi-example: pay.cloud
  await cloud.openapi.security.msgSecCheck({ content: event.text, version: 2 }) // zizhi-example: sec.cloud_openapi
  await cloud.openapi.subscribeMessage.send({ touser: event.openid, templateId: 'T1' }) // zizhi-example: notify.subscribe_send
  return cloud.extend.AI.createModel('hunyuan-exp') // zizhi-example: ai.cloud_ai_server
}
