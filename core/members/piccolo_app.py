import os

from piccolo.conf.apps import AppConfig

from core.members.tables import Member, MemberImport, MemberNote, MemberTag, MemberVisit

APP_CONFIG = AppConfig(
    app_name="members",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[Member, MemberTag, MemberNote, MemberVisit, MemberImport],
)
