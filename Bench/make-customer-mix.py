#!/usr/bin/env python3
"""Customer commands for the benchmark.

    make-customer-mix.py mix < ORDER_COMMANDS     the order commands with a customer command after every
                                                  four of them (a fifth of the lines): the first command
                                                  for a customer registers them, later ones change a
                                                  detail; the customers are those the orders name
    make-customer-mix.py long EVENTS              one customer registered, then changed EVENTS - 1 times

Deterministic, so every run submits the same lines. Names carry non-ASCII letters, as real ones do.
"""
import json
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


if __name__ == "__main__":
    if sys.argv[1:2] == ["mix"]:
        mix()
    elif sys.argv[1:2] == ["long"] and len(sys.argv) == 3:
        long_customer(int(sys.argv[2]))
    else:
        sys.exit(__doc__)
