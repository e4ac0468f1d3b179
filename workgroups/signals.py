"""Keep the guardian object permissions in step with the membership register, however it is edited
(services, admin, API): a plain database write in the same transaction, so no on_commit is needed."""


def membership_changed(sender, instance, **kwargs):
    from .services import sync_body_permissions

    sync_body_permissions(body_id=instance.body_id)
