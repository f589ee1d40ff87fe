import os

from piccolo.conf.apps import AppConfig

from plugins.flash_sale.tables import FlashItem, FlashMemberCount, FlashReservation, FlashSession

APP_CONFIG = AppConfig(
    app_name="flash_sale",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[FlashSession, FlashItem, FlashMemberCount, FlashReservation],
)
