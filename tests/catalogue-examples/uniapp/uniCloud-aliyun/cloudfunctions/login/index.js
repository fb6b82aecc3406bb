const uniIdCommon = require('uni-id-common') // zizhi-example: cloud.unicloud_import
exports.main = async () => {
  const llm = uniCloud.ai.getLLMManager({ provider: 'openai' }) // zizhi-example: ai.uni_ai
  return llm.chatCompletion({ messages: [] })
}
