"""What the 政务公开 work register records, named as the annual reports and the inspectors name
it (pure: the drafts, the self-check and the forms read these)."""

from __future__ import annotations

from gongkai.core.workflow import Choice


class ActivityKind(Choice):
    TRAINING = "training", "培训"
    MEETING = "meeting", "专题会议"
    SURVEY = "survey", "调研"


class VenueKind(Choice):
    ZONE = "zone", "政务公开专区"
    DEMO = "demo", "标准化规范化示范点"
    BOARD = "board", "政务公开栏"
    READING = "reading", "政府信息查阅点"


class Level(Choice):
    COUNTY = "county", "县区"
    TOWN = "town", "乡镇（街道）"
    VILLAGE = "village", "村（居）"


class WebsiteEventKind(Choice):
    LAUNCH = "launch", "网站开通"
    RELAUNCH = "relaunch", "新版网站上线"
    OTHER = "other", "其他"


class Platform(Choice):
    WECHAT = "wechat", "微信公众号"
    WEIBO = "weibo", "微博"
    DOUYIN = "douyin", "抖音"
    TOUTIAO = "toutiao", "今日头条"
    CHANNELS = "channels", "微信视频号"
    OTHER = "other", "其他"


# How a report names what an account publishes and who follows it, by platform.
POSTS_NOUN: dict[str, str] = {
    Platform.WEIBO: "微博",
    Platform.DOUYIN: "短视频",
    Platform.CHANNELS: "短视频",
}
FOLLOWERS_NOUN: dict[str, str] = {Platform.WECHAT: "关注人数", Platform.WEIBO: "粉丝数"}


def platform_of(channel: str) -> str:
    """The platform an old free-text channel name (“洛阳高新”公众号, 政务微博) belongs to."""
    for words, platform in (
        (("公众号", "微信"), Platform.WECHAT),
        (("视频号",), Platform.CHANNELS),
        (("微博",), Platform.WEIBO),
        (("抖音",), Platform.DOUYIN),
        (("头条",), Platform.TOUTIAO),
    ):
        if any(w in channel for w in words):
            return platform.value
    return Platform.OTHER.value
