"""Words of the feedback form and list (意见与投诉), and of a person's notification settings."""

TEXT: dict[str, tuple[str, str]] = {
    "feedback.title": ("意见与投诉", "Feedback or complaints"),
    "feedback.intro": (
        "对通知、办理或本系统有意见或投诉，请告诉市链长制办公室。我们会处理并与您联系。",
        "Tell the city chain office what you think of a notice, of how something was handled "
        "or of this system. The office deals with it and gets back to you.",
    ),
    "feedback.about_notice": ("关于通知（编号 {id}）", "About notice no. {id}"),
    "feedback.field.kind": ("类型", "Kind"),
    "feedback.field.text": ("内容", "What you want to tell us"),
    "feedback.field.name": ("姓名", "Your name"),
    "feedback.field.contact": ("邮箱或电话", "Email or phone"),
    "feedback.field.notice": ("通知", "Notice"),
    "feedback.optional_signed_in": (
        "已登录：不填则使用您账号的姓名和邮箱。",
        "Signed in: left blank, your account's name and email are used.",
    ),
    "feedback.text_limit": ("最多 {n} 个字。", "At most {n} characters."),
    "feedback.send": ("提交", "Send"),
    "feedback.sent": (
        "已收到，谢谢。市链长制办公室会处理并与您联系。",
        "Received, thank you. The city chain office will deal with it and get back to you.",
    ),
    "feedback.check_field": ("请检查「{field}」：{message}", "Check “{field}”: {message}"),
    "feedback.bad_notice": ("通知编号应为数字", "a notice is named by its number"),
    "feedback.throttled": (
        "本地址提交过于频繁，请 {minutes} 分钟后再试。",
        "Too many messages from this address; try again in {minutes} minute(s).",
    ),
    "feedback.list": ("意见与投诉", "Feedback and complaints"),
    "feedback.list_all": ("全部", "All"),
    "feedback.list_unhandled": ("只看未处理", "Unhandled only"),
    "feedback.none": ("暂无意见或投诉。", "No feedback or complaints."),
    "feedback.submitted_at": ("提交时间", "Sent"),
    "feedback.from": ("提交人", "From"),
    "feedback.account": ("账号", "Account"),
    "feedback.state": ("状态", "State"),
    "feedback.unhandled": ("未处理", "Not handled"),
    "feedback.handled_by": ("已处理（{who}，{when}）", "Handled ({who}, {when})"),
    "feedback.mark_handled": ("标记为已处理", "Mark handled"),
    "feedback.marked": ("第 {id} 条已标记为已处理。", "No. {id} is marked handled."),
    "prefs.title": ("通知设置", "Notification settings"),
    "prefs.intro": (
        "通知始终通过邮件发送（邮件是存档）。下面选择接收方式、语言，以及在办公室已开通的渠道中您允许哪些。",
        "Notices always go by email (the mail is the record). Choose how you receive them, "
        "their language, and which of the channels the office runs you allow.",
    ),
    "prefs.address": ("接收地址", "Address"),
    "prefs.delivery": ("接收方式", "How notices come"),
    "prefs.digest": ("每次汇总为一封邮件", "One digest mail per run"),
    "prefs.each": ("每件通知一封邮件", "One mail per notice"),
    "prefs.locale": ("通知语言", "Language of notices"),
    "prefs.channels": ("其他渠道", "Other channels"),
    "prefs.email_always": ("邮件（始终发送）", "Email (always)"),
    "prefs.robot_mentions": ("工作群机器人消息中 @ 我", "Mention me in group-robot messages"),
    "prefs.sms": ("短信（仅限督办通知等重要通知）", "SMS (top-rung notices only)"),
    "prefs.channels_hint": (
        "渠道由办公室开通；未开通的渠道即使勾选也不会使用。",
        "The office decides which channels exist; a channel it has not set up is not used, "
        "ticked or not.",
    ),
    "prefs.save": ("保存", "Save"),
    "prefs.saved": ("通知设置已保存。", "Notification settings saved."),
    "prefs.no_address": (
        "您的账号没有邮箱地址，无法设置通知。",
        "Your account has no email address to set notices for.",
    ),
    "prefs.bad_locale": ("语言应为中文或英文", "the language is Chinese or English"),
    "prefs.bad_delivery": ("请选择汇总或逐件", "choose a digest or one mail per notice"),
}
