from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "runway.directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from runway.directory.caching import visibility_changed
        from runway.directory.models import ProfileSettings
        from runway.ventures.models import Venture

        for model in (Venture, ProfileSettings):
            post_save.connect(visibility_changed, sender=model, dispatch_uid=f"dir-{model}-save")
            post_delete.connect(visibility_changed, sender=model, dispatch_uid=f"dir-{model}-del")
