<view></view>
