from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lotse.accounts"
    verbose_name = "Konten und Organisationen"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from lotse.core.security import mark_activity

        user_logged_in.connect(mark_activity, dispatch_uid="lotse.core.security.mark_activity")
