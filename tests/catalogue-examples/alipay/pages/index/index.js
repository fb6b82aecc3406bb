Page({
  examples() {
    my.createRewardedAd({ adUnitId: 'ad-1' }) // zizhi-example: ads.rewarded_video
    my.createInterstitialAd({ adUnitId: 'ad-2' }) // zizhi-example: ads.other_platforms
    my.tradePay({ tradeNO: '1' }) // zizhi-example: pay.request
    my.getPhoneNumber({}) // zizhi-example: phone.alipay
    my.getAuthUserInfo({}) // zizhi-example: profile.alipay_auth_user_info
    my.ap.faceVerify({ bizId: '1', bizType: '2' }) // zizhi-example: face.alipay_verify
    my.getAuthCode({ scopes: 'auth_user' }) // zizhi-example: profile.alipay_auth_code
    my.imgRisk({}) // zizhi-example: sec.platform_client
    my.textRiskIdentification({ content: '', type: ['keyword'] }) // zizhi-example: sec.alipay_text_risk
  },
})
