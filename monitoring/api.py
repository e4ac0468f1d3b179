"""REST endpoints of monitoring, added to /api/v1/ by cooperation.api.build_router."""


def register(router) -> None:
    """Register this app's viewsets on the shared router."""
