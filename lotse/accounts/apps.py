from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lotse.accounts"
    verbose_name = "Konten und Organisationen"
