from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lotse.accounts"
    verbose_name = "Konten und Organisationen"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from lotse.accounts import signals
        from lotse.core.security import mark_activity

        user_logged_in.connect(mark_activity, dispatch_uid="lotse.core.security.mark_activity")
        user_logged_in.connect(signals.logged_in, dispatch_uid="lotse.accounts.audit.logged_in")
        user_login_failed.connect(signals.login_failed, dispatch_uid="lotse.accounts.audit.login_failed")
        user_locked_out.connect(signals.locked_out, dispatch_uid="lotse.accounts.audit.locked_out")
        user_logged_out.connect(signals.logged_out, dispatch_uid="lotse.accounts.audit.logged_out")
