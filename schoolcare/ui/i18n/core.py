"""Strings of the app shell: login, set-up, navigation, help, common words."""

STRINGS = {
    "app.title": ("留守儿童关爱服务", "schoolcare"),
    "common.save": ("保存", "Save"),
    "common.cancel": ("取消", "Cancel"),
    "common.close": ("关闭", "Close"),
    "common.yes": ("是", "Yes"),
    "common.no": ("否", "No"),
}
