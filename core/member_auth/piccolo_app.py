import os

from piccolo.conf.apps import AppConfig

from core.member_auth.tables import MemberAuthCode, MemberSession

APP_CONFIG = AppConfig(
    app_name="member_auth",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[MemberAuthCode, MemberSession],
)
