const uniIdCommon = require('uni-id-common') // zizhi-example: cloud.unicloud_import
exports.main = async () => ({})
