from django.shortcuts import render

from budgets import selectors


def key_list(request):
    return render(request, "budgets/key_list.html", {"keys": selectors.keys_for(request.user)})


def key_detail(request, pk):
    key = selectors.key_for(pk=pk, user=request.user)
    return render(request, "budgets/key_detail.html", {"key": key, **selectors.key_split(key=key)})
