"""The catalog: goods, services and card products that orders reference."""
