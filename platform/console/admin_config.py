"""django.contrib.admin with the console's second factor (console.admin_site); listed in
INSTALLED_APPS in place of "django.contrib.admin"."""

from django.contrib.admin import apps as admin_apps


class TwoFactorAdminConfig(admin_apps.AdminConfig):
    default_site = "console.admin_site.TwoFactorAdminSite"
