# ruff: noqa  -- an example project for the catalogue: imports that are only there to be found
"""Examples of the server-side catalogue entries (Python)."""
import dashscope  # zizhi-example: ai.sdk_dashscope
import cozepy  # zizhi-example: ai.coze_sdk
import qianfan  # zizhi-example: ai.sdk_qianfan
import zhipuai  # zizhi-example: ai.sdk_zhipu
import anthropic  # zizhi-example: ai.sdk_foreign
import wechatpayv3  # zizhi-example: pay.server_sdk_py
from aip import AipContentCensor  # zizhi-example: sec.tencent_tms
from alipay import AliPay  # zizhi-example: pay.alipay_server
from flask import Flask
from openai import OpenAI  # zizhi-example: ai.py_openai
from TLSSigAPIv2 import TLSSigAPIv2  # zizhi-example: im.usersig
from tencentcloud.hunyuan.v20230901 import hunyuan_client  # zizhi-example: ai.sdk_hunyuan
from tencentcloud.im.v20201229 import im_client  # zizhi-example: im.tencent_server
from tencentcloud.tms.v20201229 import tms_client
from tencentcloud.trtc.v20190722 import trtc_client  # zizhi-example: rtc.trtc_server
from volcenginesdkarkruntime import Ark  # zizhi-example: ai.sdk_ark
from wechatpy.pay import WeChatPay  # zizhi-example: pay.server_sdk_other

app = Flask(__name__)

OPENAI = "https://api.openai.com/v1"  # zizhi-example: ai.openai
HUNYUAN = "https://hunyuan.tencentcloudapi.com"  # zizhi-example: ai.hunyuan
QIANFAN = "https://qianfan.baidubce.com/v2"  # zizhi-example: ai.qianfan
DASHSCOPE = "https://dashscope.aliyuncs.com/compatible-mode/v1"  # zizhi-example: ai.dashscope
DEEPSEEK = "https://api.deepseek.com"  # zizhi-example: ai.deepseek
ZHIPU = "https://open.bigmodel.cn/api/paas/v4"  # zizhi-example: ai.zhipu
ARK = "https://ark.cn-beijing.volces.com/api/v3"  # zizhi-example: ai.ark
SEEDREAM = "https://ark.cn-beijing.volces.com/api/v3/images/generations"  # zizhi-example: ai.ark, ai.image_generation
MOONSHOT = "https://api.moonshot.cn/v1"  # zizhi-example: ai.moonshot
SPARK = "https://spark-api-open.xf-yun.com/v1"  # zizhi-example: ai.spark
MINIMAX = "https://api.minimax.chat/v1"  # zizhi-example: ai.minimax
COZE = "https://api.coze.cn/v3/chat"  # zizhi-example: ai.coze
CLAUDE = "https://api.anthropic.com/v1/messages"  # zizhi-example: ai.foreign
PAY = "https://api.mch.weixin.qq.com/v3/pay/transactions/jsapi"  # zizhi-example: pay.wechatpay_api, pay.wechatpay_v3_paths
REFUND = "https://api.mch.weixin.qq.com/v3/refund/domestic/refunds"  # zizhi-example: pay.wechatpay_v3_refunds
SHARING = "https://api.mch.weixin.qq.com/v3/profitsharing/orders"  # zizhi-example: pay.partner
MSG_CHECK = "https://api.weixin.qq.com/wxa/msg_sec_check"  # zizhi-example: sec.http_api
TMS = "https://tms.tencentcloudapi.com"  # zizhi-example: sec.tencent_tms_host
SUBSCRIBE = "https://api.weixin.qq.com/cgi-bin/message/subscribe/send"  # zizhi-example: notify.subscribe_http
IM_REST = "https://console.tim.qq.com/v4/openim/sendmsg"  # zizhi-example: im.tencent_rest

tms = tms_client.TmsClient(None, "ap-guangzhou")  # zizhi-example: sec.tencent_tms_api
hunyuan = hunyuan_client.HunyuanClient(None, "ap-guangzhou")  # zizhi-example: ai.sdk_hunyuan_api
trtc = trtc_client.TrtcClient(None, "ap-guangzhou")  # zizhi-example: rtc.trtc_server_api


def split(transaction_id: str) -> dict:
    return {"sub_mchid": "1900000109", "transaction_id": transaction_id}  # zizhi-example: pay.partner_params


pay = WeChatPay(appid="wx0", api_key="k", mch_id="1", partner_mode=True)  # zizhi-example: pay.partner_mode


@app.route("/pay/notify", methods=["POST"])  # zizhi-example: pay.notify_route
def pay_notify() -> dict:
    return {"code": "SUCCESS"}
