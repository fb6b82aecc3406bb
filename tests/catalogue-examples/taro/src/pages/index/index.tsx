import Taro from '@tarojs/taro'
import { View, Map } from '@tarojs/components'

export default function Index() {
  const pay = () => Taro.requestOrderPayment({}) // zizhi-example: pay.order
  const locate = () => Taro.chooseLocation({}) // zizhi-example: loc.assumed
  const plugin = () => Taro.requestCommonPayment({}) // zizhi-example: pay.plugin
  return (
    <View onClick={pay}>
      <Map latitude={0} longitude={0} /> {/* zizhi-example: loc.map */}
    </View>
  )
}
