import os

from piccolo.conf.apps import AppConfig

from plugins.coupons.tables import Coupon, CouponAttachment, CouponCount, CouponTemplate

APP_CONFIG = AppConfig(
    app_name="coupons",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[CouponTemplate, Coupon, CouponAttachment, CouponCount],
)
