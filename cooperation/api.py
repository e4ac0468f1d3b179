"""The /api/v1/ router: the project wiring adds each app's viewsets (plain imports, layer order)."""

from rest_framework.routers import DefaultRouter

import cooperation.agreements.api
import monitoring.api
import parties.api
import procurement.api
import workgroups.api


def build_router() -> DefaultRouter:
    router = DefaultRouter()
    for app_api in (parties.api, cooperation.agreements.api, workgroups.api, procurement.api, monitoring.api):
        app_api.register(router)
    return router
