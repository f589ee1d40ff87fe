import os

from piccolo.conf.apps import AppConfig

from core.orders.tables import Order, OrderAdjustment, OrderLine, OrderRefund, OrderTender

APP_CONFIG = AppConfig(
    app_name="orders",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[Order, OrderLine, OrderAdjustment, OrderTender, OrderRefund],
)
