#!/bin/sh
# Prints a deterministic stream of valid commands for `orderctl submit`: ORDERS orders, each placed,
# given two items, confirmed and shipped (5 commands per order), for CUSTOMERS customers.
# Ids are fixed by the numbers, so running the file twice answers `duplicate` the second time.
#
#   Fixtures/generate-orders.sh ORDERS [CUSTOMERS] [FIRST]    (FIRST: number of the first order, default 1)
set -eu
orders=${1:?usage: generate-orders.sh ORDERS [CUSTOMERS] [FIRST]}
customers=${2:-50}
first=${3:-1}
awk -v orders="$orders" -v customers="$customers" -v first="$first" 'BEGIN {
    for (n = first; n < first + orders; n++) {
        order = sprintf("0a000000-0000-4000-8000-%012d", n)
        customer = sprintf("0c000000-0000-4000-8000-%012d", n % customers)
        command = sprintf("0d000000-0000-4000-8000-%010d", n * 10)
        printf "{\"type\":\"PlaceOrder\",\"orderId\":\"%s\",\"commandId\":\"%s01\",\"customerId\":\"%s\",\"currency\":\"EUR\"}\n", order, command, customer
        printf "{\"type\":\"AddItem\",\"orderId\":\"%s\",\"commandId\":\"%s02\",\"productId\":\"0b000000-0000-4000-8000-%012d\",\"quantity\":%d,\"unitPrice\":\"%d.%02d\"}\n", order, command, n % 97, 1 + n % 3, 5 + n % 40, n % 100
        printf "{\"type\":\"AddItem\",\"orderId\":\"%s\",\"commandId\":\"%s03\",\"productId\":\"0b000000-0000-4000-8000-%012d\",\"quantity\":1,\"unitPrice\":\"19.99\"}\n", order, command, 100 + n % 13
        printf "{\"type\":\"ConfirmOrder\",\"orderId\":\"%s\",\"commandId\":\"%s04\"}\n", order, command
        printf "{\"type\":\"ShipOrder\",\"orderId\":\"%s\",\"commandId\":\"%s05\",\"trackingNumber\":\"TRK-%06d\"}\n", order, command, n
    }
}'
