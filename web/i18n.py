"""Page text in zh-CN and en. A page asks ``t("key")``; a missing key shows the key itself in
tests' eyes (they check both languages), never a blank."""

LOCALES = ("zh-CN", "en")

TEXT: dict[str, tuple[str, str]] = {
    "app": ("链长制工作平台", "Chain-chief office"),
    "login": ("登录", "Sign in"),
    "logout": ("退出", "Sign out"),
    "username": ("账号（邮箱）", "Account (email)"),
    "password": ("密码", "Password"),
    "bad_login": ("账号或密码不正确。", "Wrong account or password."),
    "throttled": (
        "尝试次数过多，请{minutes}分钟后再试。",
        "Too many attempts: try again in {minutes} min.",
    ),
    "forbidden": ("无权查看或操作。", "You may not see or do this."),
    "not_found": ("未找到。", "Not found."),
    "bad_form": (
        "表单已过期，请返回刷新后重试。",
        "The form has expired: go back, reload and try again.",
    ),
    "overview": ("全市总览", "City overview"),
    "chains": ("产业链", "Chains"),
    "chain": ("产业链", "Chain"),
    "leaders": ("链长", "Chain leaders"),
    "lead_departments": ("牵头部门", "Lead departments"),
    "missing": ("工作机制缺项", "Missing mechanism elements"),
    "none_missing": ("机制健全", "Complete"),
    "open_tasks": ("在办事项", "Open tasks"),
    "overdue": ("逾期", "Overdue"),
    "red": ("红灯", "Red"),
    "yellow": ("黄灯", "Yellow"),
    "green": ("绿灯", "Green"),
    "projects": ("重点项目", "Key projects"),
    "requests": ("要素保障诉求", "Factor requests"),
    "notices": ("通知", "Notices"),
    "rollups": ("月度通报", "Monthly bulletins"),
    "failed_deliveries": ("投递失败的邮件", "Failed deliveries"),
    "failed_hint": ("封邮件投递失败，需人工处理。", "emails failed for good and need a person."),
    "calendar_warning": ("日历数据缺失", "Calendar data missing"),
    "red_list": ("红灯事项", "Red tasks"),
    "yellow_list": ("黄灯事项", "Yellow tasks"),
    "task": ("督办事项", "Task"),
    "due": ("完成时限", "Due"),
    "owner": ("责任人", "Owner"),
    "progress": ("进度", "Progress"),
    "nothing": ("暂无", "None"),
    "signed_in_as": ("当前用户", "Signed in as"),
    "persona.office": ("市链长制办公室", "City chain office"),
    "persona.team": ("工作专班", "Working group"),
    "persona.dept": ("责任单位", "Responsible department"),
    "persona.leader": ("链长", "Chain leader"),
    "persona.firm": ("企业", "Enterprise"),
    "persona.outsider": ("访客", "Visitor"),
    "nothing_to_see": (
        "您的账号尚未关联任何产业链、部门或企业。",
        "Your account is not linked to any chain, department or enterprise yet.",
    ),
}


def translate(locale: str, key: str, **values: object) -> str:
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[0] if locale == "zh-CN" else pair[1]
    return text.format(**values) if values else text
