#!/usr/bin/env python3
"""Customer commands for the benchmark.

    make-customer-mix.py mix < ORDER_COMMANDS     the order commands with a customer command after every
                                                  four of them (a fifth of the lines): the first command
                                                  for a customer registers them, later ones change a
                                                  detail; the customers are those the orders name
    make-customer-mix.py long EVENTS              one customer registered, then changed EVENTS - 1 times
    make-customer-mix.py notifications EVENTS     about EVENTS commands of a shop's day, each giving one event:
                                                  customers registering, placing, confirming, shipping,
                                                  delivering and cancelling orders, a fifth of the orders
                                                  by guests, some contact changes; dozens of orders in
                                                  flight at once, so streams interleave as they would

Deterministic, so every run submits the same lines. Names carry non-ASCII letters, as real ones do.
"""
import json
import random
import sys
import uuid

NAMES = ["Zoë Ångström", "Łukasz Wójcik", "Ana Núñez", "Søren Kierkegård", "Chiara Bianchi", "Ben Okafor"]
CITIES = [("Berlin", "10115", "DE"), ("Lyon", "69003", "FR"), ("Kraków", "30-001", "PL"), ("Porto", "4000-001", "PT")]


def command_id(number, space=0x0E):
    return str(uuid.UUID(int=(space << 120) | number))


def register(customer, number, space=0x0E):
    city, postal_code, country = CITIES[number % len(CITIES)]
    return {
        "type": "RegisterCustomer", "customerId": customer, "commandId": command_id(number, space),
        "name": NAMES[number % len(NAMES)], "email": f"customer{number}@example.com", "phone": f"+49301{number:07d}",
        "address": {"street": f"Hauptstraße {number % 200 + 1}", "city": city, "postalCode": postal_code, "country": country},
    }


def change(customer, number, space=0x0E):
    if number % 3 == 0:
        fields = {"email": f"customer{number}@mail.example.org"}
    elif number % 3 == 1:
        fields = {"phone": f"+33472{number:06d}"}
    else:
        city, postal_code, country = CITIES[number % len(CITIES)]
        fields = {"address": {"street": f"Rue {number % 90 + 1}", "city": city, "postalCode": postal_code, "country": country}}
    return {"type": "ChangeContactInfo", "customerId": customer, "commandId": command_id(number, space), **fields}


def mix():
    registered = set()
    customers = []
    number = 0
    for index, line in enumerate(sys.stdin, start=1):
        sys.stdout.write(line)
        command = json.loads(line)
        if command["type"] == "PlaceOrder":
            customers.append(command["customerId"])
        if index % 4 == 0 and customers:
            number += 1
            customer = customers[number % len(customers)]
            if customer in registered:
                print(json.dumps(change(customer, number), ensure_ascii=False))
            else:
                registered.add(customer)
                print(json.dumps(register(customer, number), ensure_ascii=False))


def long_customer(events):
    customer = str(uuid.UUID(int=(0x0C << 120) | 0xFFFFFF))
    print(json.dumps(register(customer, 1, space=0x0F), ensure_ascii=False))
    for number in range(2, events + 1):
        print(json.dumps(change(customer, number, space=0x0F), ensure_ascii=False))


def space_id(space, number):
    return str(uuid.UUID(int=(space << 120) | number))


def notifications(events):
    """Commands for the notification bench. Every line is valid and gives exactly one event, so the
    log ends with as many events as there are lines. About 5.4 commands an order: a registration
    for two registered orders in five (the rest are returning customers), one to three items, then
    most orders confirmed and shipped (half of those delivered), some cancelled before or after the
    confirmation, a few left open."""
    chooser = random.Random(20261202)  # fixed: every run submits the same lines
    order_space, registered_space, guest_space, product_space, command_space = 0x1A, 0x1C, 0x1D, 0x1B, 0x1E
    registered = []
    in_flight = []  # [remaining commands] of the orders under way
    written = orders = guests = commands = 0

    def emit(command):
        nonlocal commands, written
        commands += 1
        command["commandId"] = space_id(command_space, commands)
        print(json.dumps(command, ensure_ascii=False))
        written += 1

    def new_order():
        nonlocal orders, guests
        orders += 1
        order = space_id(order_space, orders)
        if chooser.random() < 0.2:
            guests += 1
            customer = space_id(guest_space, guests)  # a guest's id has no stream: its notifications are skipped
        elif registered and chooser.random() < 0.6:
            customer = chooser.choice(registered)
        else:
            number = len(registered) + 1
            customer = space_id(registered_space, number)
            registered.append(customer)
            emit(register(customer, number))
        steps = [{"type": "PlaceOrder", "orderId": order, "customerId": customer, "currency": "EUR"}]
        for _ in range(chooser.randint(1, 3)):
            product = chooser.randint(1, 500)
            # A product has one price: an order refuses a second line of it at another.
            steps.append({
                "type": "AddItem", "orderId": order, "productId": space_id(product_space, product), "quantity": chooser.randint(1, 3),
                "unitPrice": f"{product * 37 % 179 + 2}.{product * 53 % 100:02d}",
            })
        ending = chooser.random()
        if ending < 0.88:
            steps.append({"type": "ConfirmOrder", "orderId": order})
            after = chooser.random()
            if after < 0.70:
                steps.append({"type": "ShipOrder", "orderId": order, "trackingNumber": f"TRK-{orders:08d}"})
                if chooser.random() < 0.5:
                    steps.append({"type": "DeliverOrder", "orderId": order})
            elif after < 0.85:
                steps.append({"type": "CancelOrder", "orderId": order, "reason": "Kunde hat storniert"})
        elif ending < 0.95:
            steps.append({"type": "CancelOrder", "orderId": order})
        # the rest stay open: an abandoned basket
        in_flight.append(steps)

    while written < events:
        if len(in_flight) < 64:
            new_order()
            continue
        if registered and chooser.random() < 0.02:
            # Numbered past any registration, so that every change sets a value the customer does not have.
            emit(change(chooser.choice(registered), 1_000_000 + commands))
            continue
        steps = in_flight[chooser.randrange(len(in_flight))]
        emit(steps.pop(0))
        if not steps:
            in_flight.remove(steps)
    # Orders still under way stop where they are, as a day's log would.


if __name__ == "__main__":
    if sys.argv[1:2] == ["mix"]:
        mix()
    elif sys.argv[1:2] == ["long"] and len(sys.argv) == 3:
        long_customer(int(sys.argv[2]))
    elif sys.argv[1:2] == ["notifications"] and len(sys.argv) == 3:
        notifications(int(sys.argv[2]))
    else:
        sys.exit(__doc__)
