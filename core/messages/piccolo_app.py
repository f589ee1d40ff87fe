import os

from piccolo.conf.apps import AppConfig

from core.messages.tables import Message, MessageAttempt, MessageTemplate

APP_CONFIG = AppConfig(
    app_name="messages",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[MessageTemplate, Message, MessageAttempt],
)
