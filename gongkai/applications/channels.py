"""The channels of 条例第三十一条 and which day each counts as the day of receipt
(国办公开办函〔2015〕207号). Pure: the CLI and the models share it."""

from __future__ import annotations

CHANNELS: dict[str, tuple[str, str]] = {
    "online": ("网上申请", "通过互联网渠道提交的，以双方确认之日为收到申请之日"),
    "letter_signed": (
        "信函（签收）",
        "以邮寄方式提交的，以政府信息公开工作机构签收之日为收到申请之日",
    ),
    "letter_ordinary": (
        "平常信函（电话确认）",
        "以平常信函等无需签收的邮寄方式提交的，以与申请人电话确认之日为收到申请之日",
    ),
    "in_person": ("当面提交", "当面提交的，以提交之日为收到申请之日"),
    "fax": ("传真", "通过传真提交的，以双方确认之日为收到申请之日"),
    "email": ("电子邮件", "通过公布的电子邮箱提交的，以邮件系统收到之日为收到申请之日"),
    "other": ("其他渠道", "通过其他渠道提交的，以双方确认之日为收到申请之日"),
}
