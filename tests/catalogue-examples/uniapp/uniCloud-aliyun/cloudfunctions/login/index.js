const uniIdCommon = require('uni-id-common') // zizhi-example: cloud.unicloud
exports.main = async () => ({})
