def profile_tab(request, client):
    return "clients/tabs/profile.html", {}


contacts_tab = addresses_tab = users_tab = history_tab = profile_tab
