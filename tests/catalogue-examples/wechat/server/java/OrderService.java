package com.example.shop;

import com.wechat.pay.java.service.payments.jsapi.JsapiService; // zizhi-example: pay.server_sdk
import com.wechat.pay.java.service.partnerpayments.jsapi.JsapiService; // zizhi-example: pay.partner_sdk
import com.example.shop.pay.UnifiedOrderRequest; // zizhi-example: pay.unified_order_class

public class OrderService {
}
