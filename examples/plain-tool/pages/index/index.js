// Converts inches to centimetres. No network, no ads: wx.requestPayment is not used here.
Page({
  data: { cm: 0 },
  onValue(e) { this.setData({ cm: (Number(e.detail.value) * 2.54).toFixed(2) }) }
})
