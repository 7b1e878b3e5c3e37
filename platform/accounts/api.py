"""Account endpoints of the office API (common.api.OfficeApi fixes who may call)."""

from rest_framework import serializers
from rest_framework.response import Response

from accounts.access import MEMBER
from common.api import OfficeApi


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    office = serializers.CharField()


class MeApi(OfficeApi):
    """The signed-in person and their role in this office."""

    serializer_class = MeSerializer
    office_access = MEMBER
    client_fields = ("email", "full_name", "role", "office")

    def get(self, request):
        data = {
            "email": request.user.email,
            "full_name": request.user.full_name,
            "role": self.membership.role,
            "office": request._request.office.slug,
        }
        return Response(self.get_serializer(data).data)
