from ninja import NinjaAPI

api = NinjaAPI(title="Runway API", version="1", urls_namespace="api")
