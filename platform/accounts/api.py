"""Account endpoints of the office API. Authorisation: accounts.permissions."""

from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    office = serializers.CharField()


class MeApi(APIView):
    """The signed-in person and their role in this office."""

    serializer_class = MeSerializer

    def get(self, request):
        membership = request._request.membership
        data = {
            "email": request.user.email,
            "full_name": request.user.full_name,
            "role": membership.role,
            "office": request._request.office.slug,
        }
        return Response(MeSerializer(data).data)
