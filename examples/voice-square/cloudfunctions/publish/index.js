const cloud = require('wx-server-sdk')
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
const db = cloud.database()

exports.main = async (event) => {
  if (event.kind === 'post' || event.kind === 'comment') {
    // moderate text before it is shown on the square
    const check = await cloud.openapi.security.msgSecCheck({ content: event.text, version: 2, scene: 2, openid: cloud.getWXContext().OPENID })
    if (check.result.suggest !== 'pass') return { ok: false }
    return db.collection(event.kind === 'post' ? 'posts' : 'comments').add({ data: event })
  }
  return { ok: true }
}
